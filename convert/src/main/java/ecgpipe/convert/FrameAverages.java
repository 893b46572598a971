package ecgpipe.convert;

import ecgpipe.common.wfdb.WfdbRecord;

/**
 * One value per frame for every signal, so that a record with several samples per frame in some signal still
 * fits the rectangular {@code signals/digital}: the mean of a frame's k samples, truncated toward zero, as
 * wfdb-python's {@code smooth_frames} computes it. Unlike wfdb-python, a frame that holds a missing sample is
 * missing as a whole (an average with the sentinel in it would be a made-up value).
 */
final class FrameAverages {
    private FrameAverages() {
    }

    /** {@code record.samples()} itself when every signal has one sample per frame, else a per-frame copy. */
    static int[][] perFrame(WfdbRecord record) {
        if (record.isRectangular()) {
            return record.samples();
        }
        int[][] out = new int[record.numberOfSignals()][];
        for (int i = 0; i < out.length; i++) {
            int spf = record.header().signals().get(i).samplesPerFrame();
            out[i] = spf == 1 ? record.samples()[i] : average(record.samples()[i], spf, record.invalidValue(i));
        }
        return out;
    }

    static int[] average(int[] samples, int spf, int missing) {
        int frames = samples.length / spf;
        int[] out = new int[frames];
        for (int t = 0, p = 0; t < frames; t++) {
            long sum = 0;
            boolean gap = false;
            for (int j = 0; j < spf; j++, p++) {
                int v = samples[p];
                gap |= v == missing;
                sum += v;
            }
            // Java's long division truncates toward zero, as int() of wfdb-python's float mean does.
            out[t] = gap ? missing : (int) (sum / spf);
        }
        return out;
    }
}
