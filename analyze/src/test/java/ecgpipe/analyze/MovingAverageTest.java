package ecgpipe.analyze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class MovingAverageTest {
    @Test
    void centredWindowTruncatedAtTheEnds() {
        double[] x = {1, 2, 3, 4, 5};
        assertArrayEquals(new double[] {1.5, 2, 3, 4, 4.5}, MovingAverage.centred(x, 3), 1e-12);
        assertArrayEquals(x, MovingAverage.centred(x, 1), 1e-12);
        assertArrayEquals(new double[] {2, 2.5, 3, 3.5, 4}, MovingAverage.centred(x, 5), 1e-12);
        assertArrayEquals(new double[0], MovingAverage.centred(new double[0], 3), 0);
    }
}
