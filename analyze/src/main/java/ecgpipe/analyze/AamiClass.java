package ecgpipe.analyze;

import ecgpipe.common.wfdb.AnnotationCodes;

/**
 * The five beat classes of ANSI/AAMI EC57 and the mapping of MIT-BIH beat labels onto them (the mapping of
 * EC57:2012 table 1, used by de Chazal et al. 2004 and most later work):
 * <ul>
 *   <li>N (normal and bundle branch block): N, L, R, B, e (atrial escape), j (nodal escape)</li>
 *   <li>S (supraventricular ectopic): A, a, J, S, n (supraventricular escape)</li>
 *   <li>V (ventricular ectopic): V, E (ventricular escape), r (R-on-T)</li>
 *   <li>F (fusion of ventricular and normal): F</li>
 *   <li>Q (paced or unclassifiable): /, f (fusion of paced and normal), Q, ?</li>
 * </ul>
 */
public enum AamiClass {
    N, S, V, F, Q;

    /** The AAMI class of a WFDB beat code, or null for a code that is not a beat. */
    public static AamiClass of(int code) {
        return switch (code) {
            case AnnotationCodes.NORMAL, AnnotationCodes.LBBB, AnnotationCodes.RBBB, AnnotationCodes.BBB,
                    AnnotationCodes.AESC, AnnotationCodes.NESC -> N;
            case AnnotationCodes.APC, AnnotationCodes.ABERR, AnnotationCodes.NPC, AnnotationCodes.SVPB,
                    AnnotationCodes.SVESC -> S;
            case AnnotationCodes.PVC, AnnotationCodes.VESC, AnnotationCodes.RONT -> V;
            case AnnotationCodes.FUSION -> F;
            case AnnotationCodes.PACE, AnnotationCodes.PFUS, AnnotationCodes.UNKNOWN, AnnotationCodes.LEARN -> Q;
            default -> null;
        };
    }

    /** "N=N,L,R,B,e,j; S=...": the mapping in one line, written next to the results. */
    public static String mappingText() {
        return "N=N,L,R,B,e,j; S=A,a,J,S,n; V=V,E,r; F=F; Q=/,f,Q,?";
    }
}
