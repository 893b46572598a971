package ecgpipe.analyze;

import ecgpipe.common.wfdb.AnnotationCodes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Beat-by-beat comparison of detections with reference annotations as WFDB's {@code bxb} does it
 * (ANSI/AAMI EC38/EC57): a detection matches a reference beat within the match window (150 ms), one to
 * one, each annotation paired with its nearest counterpart; beats in the learning period (the first five
 * minutes) are not counted; neither reference beats nor detections inside ventricular flutter episodes
 * ('[' to ']') are counted, since EC57 leaves beat detection during flutter unscored.
 */
public final class BeatComparator {
    public static final double MATCH_WINDOW_S = 0.150;
    public static final double LEARNING_PERIOD_S = 300;

    private BeatComparator() {
    }

    /**
     * @param annSamples reference annotation samples (all annotations, ascending, as in the file)
     * @param annCodes   their WFDB codes
     * @param detections detected beat samples, ascending
     */
    public static Evaluation compare(long[] annSamples, int[] annCodes, long[] detections, double fs) {
        if (annSamples.length != annCodes.length) {
            throw new IllegalArgumentException("annotation samples and codes differ in length");
        }
        List<long[]> flutter = flutterEpisodes(annSamples, annCodes);
        long[] refs = beatsOutside(annSamples, annCodes, flutter);
        long[] dets = outside(detections, flutter);
        long window = Math.round(MATCH_WINDOW_S * fs);
        long start = Math.round(LEARNING_PERIOD_S * fs);
        Counter fromStart = new Counter(start);
        Counter all = new Counter(Long.MIN_VALUE);
        int i = 0;
        int j = 0;
        while (i < refs.length && j < dets.length) {
            long r = refs[i];
            long d = dets[j];
            if (Math.abs(d - r) <= window) {
                if (d < r && j + 1 < dets.length && Math.abs(dets[j + 1] - r) < r - d) {
                    // The next detection is nearer to this reference beat: this one is extra.
                    fromStart.falsePositive(d);
                    all.falsePositive(d);
                    j++;
                } else if (r < d && i + 1 < refs.length && Math.abs(refs[i + 1] - d) < d - r) {
                    // The next reference beat is nearer to this detection: this beat was missed.
                    fromStart.falseNegative(r);
                    all.falseNegative(r);
                    i++;
                } else {
                    fromStart.truePositive(r);
                    all.truePositive(r);
                    i++;
                    j++;
                }
            } else if (d < r) {
                fromStart.falsePositive(d);
                all.falsePositive(d);
                j++;
            } else {
                fromStart.falseNegative(r);
                all.falseNegative(r);
                i++;
            }
        }
        for (; i < refs.length; i++) {
            fromStart.falseNegative(refs[i]);
            all.falseNegative(refs[i]);
        }
        for (; j < dets.length; j++) {
            fromStart.falsePositive(dets[j]);
            all.falsePositive(dets[j]);
        }
        return new Evaluation(fromStart.score(), all.score(), MATCH_WINDOW_S, LEARNING_PERIOD_S);
    }

    /** Reference beat samples (isqrs codes) outside flutter episodes. */
    static long[] beatsOutside(long[] annSamples, int[] annCodes, List<long[]> flutter) {
        int count = 0;
        long[] out = new long[annSamples.length];
        for (int k = 0; k < annSamples.length; k++) {
            if (AnnotationCodes.isBeat(annCodes[k]) && !inside(annSamples[k], flutter)) {
                out[count++] = annSamples[k];
            }
        }
        return Arrays.copyOf(out, count);
    }

    private static long[] outside(long[] samples, List<long[]> flutter) {
        return Arrays.stream(samples).filter(s -> !inside(s, flutter)).toArray();
    }

    /** [start, end] sample ranges between '[' and ']'; an episode left open runs to the end of the record. */
    static List<long[]> flutterEpisodes(long[] annSamples, int[] annCodes) {
        List<long[]> episodes = new ArrayList<>();
        long open = -1;
        for (int k = 0; k < annSamples.length; k++) {
            if (annCodes[k] == AnnotationCodes.VFON && open < 0) {
                open = annSamples[k];
            } else if (annCodes[k] == AnnotationCodes.VFOFF && open >= 0) {
                episodes.add(new long[] {open, annSamples[k]});
                open = -1;
            }
        }
        if (open >= 0) {
            episodes.add(new long[] {open, Long.MAX_VALUE});
        }
        return episodes;
    }

    private static boolean inside(long s, List<long[]> episodes) {
        for (long[] e : episodes) {
            if (s >= e[0] && s <= e[1]) {
                return true;
            }
        }
        return false;
    }

    /** Counts only events at or after {@code start}. */
    private static final class Counter {
        private final long start;
        private long tp;
        private long fp;
        private long fn;

        Counter(long start) {
            this.start = start;
        }

        void truePositive(long refSample) {
            if (refSample >= start) {
                tp++;
            }
        }

        void falsePositive(long detSample) {
            if (detSample >= start) {
                fp++;
            }
        }

        void falseNegative(long refSample) {
            if (refSample >= start) {
                fn++;
            }
        }

        Score score() {
            return new Score(tp, fp, fn);
        }
    }
}
