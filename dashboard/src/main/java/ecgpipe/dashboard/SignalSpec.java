package ecgpipe.dashboard;

/**
 * One signal of a record as WFDB describes it: stored (digital) values become physical ones through
 * {@code (digital - baseline) / gain}, in {@code units}.
 */
record SignalSpec(String name, String units, double gain, double baseline) {

    /** WFDB's default gain (ADC units per physical unit) when a header gives none. */
    static final double DEFAULT_GAIN = 200.0;

    /**
     * The factor from physical units to millivolts, so every trace is plotted on the same scale. Unknown
     * units are shown as they are (factor 1) rather than refused.
     */
    double toMillivolts() {
        String u = units == null ? "" : units.trim();
        return switch (u) {
            case "uV", "µV", "microvolt", "microvolts" -> 1e-3;
            case "V", "volt", "volts" -> 1e3;
            default -> 1.0;
        };
    }

    /** The stored value {@code digital} in millivolts. */
    double millivolts(int digital) {
        return (digital - baseline) / gain * toMillivolts();
    }
}
