package ecgpipe.analyze;

/** Beat-by-beat counts and the two figures of merit of ANSI/AAMI EC57. */
public record Score(long tp, long fp, long fn) {
    public static final Score ZERO = new Score(0, 0, 0);

    /** Se = TP / (TP + FN); NaN when there is no reference beat. */
    public double sensitivity() {
        return tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
    }

    /** +P = TP / (TP + FP); NaN when there is no detection. */
    public double positivePredictivity() {
        return tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
    }

    public Score plus(Score o) {
        return new Score(tp + o.tp, fp + o.fp, fn + o.fn);
    }
}
