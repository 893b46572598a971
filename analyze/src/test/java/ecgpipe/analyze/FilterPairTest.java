package ecgpipe.analyze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The detector's two filters run together give exactly what each gives alone. */
class FilterPairTest {
    @ParameterizedTest
    @ValueSource(doubles = {125, 360, 1000})
    void bothFiltersAtOnceEqualEachAlone(double fs) {
        Random rnd = new Random(7);
        double[] x = new double[(int) (20 * fs)];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.5 * Math.sin(2 * Math.PI * 0.2 * i / fs) + rnd.nextGaussian() + (i > x.length / 2 ? 3 : 0);
        }
        SecondOrderSections band = Butterworth.bandPass(3, 8, 20, fs);
        SecondOrderSections wide = QrsDetector.wideBandFilter(fs);
        int pad = (int) Math.round(fs);
        double[][] both = SecondOrderSections.filtfiltBoth(band, wide, x, pad);
        assertArrayEquals(band.filtfilt(x, pad), both[0], 1e-9);
        assertArrayEquals(wide.filtfilt(x, pad), both[1], 1e-9);
    }

    @Test
    void shortSignalsAndNoPadding() {
        double[] x = {1, 2, 0, -1, 3, 5, 4};
        SecondOrderSections band = Butterworth.bandPass(3, 8, 20, 360);
        SecondOrderSections wide = QrsDetector.wideBandFilter(360);
        for (int pad : new int[] {0, 3, 100}) {
            double[][] both = SecondOrderSections.filtfiltBoth(band, wide, x, pad);
            assertArrayEquals(band.filtfilt(x, pad), both[0], 1e-9, "pad " + pad);
            assertArrayEquals(wide.filtfilt(x, pad), both[1], 1e-9, "pad " + pad);
        }
    }
}
