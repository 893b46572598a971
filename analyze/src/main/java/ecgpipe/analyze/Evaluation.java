package ecgpipe.analyze;

/** A detector's score against the reference: from the end of the learning period, and over the whole record. */
public record Evaluation(Score fromStart, Score all, double windowS, double startS) {
}
