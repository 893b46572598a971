package ecgpipe.common.wfdb;

import java.util.List;

/**
 * A multi-segment record read as one: {@code record} holds the concatenated samples (its header has the
 * merged signals, no checksums, and the master's name, frequency, base time and comments), {@code spans}
 * the segments in order, gaps included, with their place on the record's clock.
 *
 * @param record        the continuous record
 * @param layout        {@link #FIXED} or {@link #VARIABLE}
 * @param layoutSegment the layout header's name for a variable layout, "" otherwise
 * @param spans         one per segment line after the layout header
 * @param files         the files read besides the master header (segment headers and signal files), in order
 */
public record MultiSegmentRecord(WfdbRecord record, String layout, String layoutSegment, List<Span> spans,
                                 List<String> files) {
    public static final String FIXED = "fixed";
    public static final String VARIABLE = "variable";

    public MultiSegmentRecord {
        spans = List.copyOf(spans);
        files = List.copyOf(files);
    }

    /**
     * One segment: frames [start, start + length) of the record. {@code gain[i]} and {@code baseline[i]} convert
     * signal i's samples in this segment to physical units; {@code gain[i]} is NaN where the segment lacks
     * signal i (and in a gap, named {@code ~}).
     */
    public record Span(String name, long start, long length, double[] gain, int[] baseline) {
        public boolean isGap() {
            return MultiSegmentReader.GAP.equals(name);
        }
    }
}
