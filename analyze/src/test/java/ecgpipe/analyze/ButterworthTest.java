package ecgpipe.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ButterworthTest {
    /** |H|^2 of the analog Butterworth prototype at a pre-warped frequency: the independent reference. */
    private static double warped(double f, double fs) {
        return 2 * fs * Math.tan(Math.PI * f / fs);
    }

    @ParameterizedTest
    @ValueSource(doubles = {125, 250, 360, 500, 1000})
    void bandPassFollowsTheButterworthMagnitudeEverywhere(double fs) {
        SecondOrderSections bp = Butterworth.bandPass(3, 8, 20, fs);
        assertEquals(3, bp.size());
        double w1 = warped(8, fs);
        double w2 = warped(20, fs);
        for (double f = 0.5; f < fs / 2 - 0.5; f += 0.5) {
            double w = warped(f, fs);
            double ratio = (w * w - w1 * w2) / (w * (w2 - w1));
            double expected = 1 / Math.sqrt(1 + Math.pow(ratio, 6));
            assertEquals(expected, bp.gainAt(f, fs), 1e-9, "gain at " + f + " Hz, fs " + fs);
        }
        assertEquals(Math.sqrt(0.5), bp.gainAt(8, fs), 1e-9);
        assertEquals(Math.sqrt(0.5), bp.gainAt(20, fs), 1e-9);
    }

    @Test
    void lowAndHighPassHaveHalfPowerAtTheCornerAndTheRightOrder() {
        double fs = 360;
        for (int order = 1; order <= 4; order++) {
            SecondOrderSections lp = Butterworth.lowPass(order, 40, fs);
            SecondOrderSections hp = Butterworth.highPass(order, 0.5, fs);
            assertEquals(Math.sqrt(0.5), lp.gainAt(40, fs), 1e-9);
            assertEquals(Math.sqrt(0.5), hp.gainAt(0.5, fs), 1e-9);
            assertEquals(1, lp.gainAt(0, fs), 1e-12);
            assertEquals(1, hp.gainAt(fs / 2, fs), 1e-12);
            for (double f : new double[] {5, 60, 120}) {
                double r = warped(f, fs) / warped(40, fs);
                assertEquals(1 / Math.sqrt(1 + Math.pow(r, 2 * order)), lp.gainAt(f, fs), 1e-9);
                double h = warped(0.5, fs) / warped(f / 10, fs);
                assertEquals(1 / Math.sqrt(1 + Math.pow(h, 2 * order)), hp.gainAt(f / 10, fs), 1e-9);
            }
        }
    }

    @Test
    void filtfiltIsZeroPhaseWithSquaredGain() {
        double fs = 360;
        SecondOrderSections bp = Butterworth.bandPass(3, 8, 20, fs);
        int n = 20 * 360;
        for (double f : new double[] {8, 12, 20}) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = Math.sin(2 * Math.PI * f * i / fs);
            }
            double[] y = bp.filtfilt(x, 360);
            double g = bp.gainAt(f, fs);
            // Away from the ends the output is the input scaled by |H|^2, with no shift.
            for (int i = 3 * 360; i < n - 3 * 360; i++) {
                assertEquals(g * g * x[i], y[i], 1e-6, "f " + f + " sample " + i);
            }
        }
    }

    @Test
    void filtfiltKeepsASymmetricPulseCentred() {
        double fs = 500;
        double[] x = new double[5000];
        SyntheticEcg.addBeat(x, 2500, fs, 1); // any bump; only its position matters
        double[] y = Butterworth.lowPass(2, 40, fs).filtfilt(x, 500);
        int peak = 0;
        for (int i = 1; i < y.length; i++) {
            if (y[i] > y[peak]) {
                peak = i;
            }
        }
        assertEquals(2500, peak);
    }

    @Test
    void highPassRemovesAnOffsetRightFromTheFirstSample() {
        double[] x = new double[3600];
        java.util.Arrays.fill(x, 5.0);
        double[] y = Butterworth.highPass(2, 0.5, 360).filtfilt(x, 360);
        for (double v : y) {
            assertEquals(0, v, 1e-9);
        }
    }

    @Test
    void causalFilterMatchesItsImpulseResponseSum() {
        // The sum of the impulse response of a low-pass is its DC gain, 1.
        double[] impulse = new double[20000];
        impulse[0] = 1;
        double[] h = Butterworth.lowPass(3, 10, 360).filter(impulse);
        double sum = 0;
        for (double v : h) {
            sum += v;
        }
        assertEquals(1, sum, 1e-9);
    }

    @Test
    void rejectsCornersOutsideTheBand() {
        assertThrows(IllegalArgumentException.class, () -> Butterworth.bandPass(3, 8, 70, 125));
        assertThrows(IllegalArgumentException.class, () -> Butterworth.bandPass(3, 20, 8, 360));
        assertThrows(IllegalArgumentException.class, () -> Butterworth.lowPass(0, 8, 360));
        assertTrue(Butterworth.highPass(1, 0.5, 360).gainAt(0, 360) < 1e-12);
    }
}
