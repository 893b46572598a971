package ecgpipe.analyze;

/** The little complex arithmetic a pole/zero filter design needs. */
record Complex(double re, double im) {
    static Complex of(double re) {
        return new Complex(re, 0);
    }

    static Complex polar(double r, double theta) {
        return new Complex(r * Math.cos(theta), r * Math.sin(theta));
    }

    Complex plus(Complex o) {
        return new Complex(re + o.re, im + o.im);
    }

    Complex minus(Complex o) {
        return new Complex(re - o.re, im - o.im);
    }

    Complex times(Complex o) {
        return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    Complex times(double k) {
        return new Complex(re * k, im * k);
    }

    Complex dividedBy(Complex o) {
        double d = o.re * o.re + o.im * o.im;
        return new Complex((re * o.re + im * o.im) / d, (im * o.re - re * o.im) / d);
    }

    double abs() {
        return Math.hypot(re, im);
    }

    /** The principal square root. */
    Complex sqrt() {
        double r = abs();
        double a = Math.sqrt((r + re) / 2);
        double b = Math.copySign(Math.sqrt(Math.max(0, (r - re) / 2)), im);
        return new Complex(a, b);
    }
}
