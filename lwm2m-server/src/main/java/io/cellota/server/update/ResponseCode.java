package io.cellota.server.update;

/**
 * A CoAP response code as LwM2M uses it (RFC 7252 section 5.9; LwM2M 1.1 Core section 5.4): class and
 * detail, written {@code 4.05}. Our own value, so that this package needs no CoAP library.
 */
public record ResponseCode(int codeClass, int detail) {

    /** 4.00: the device refuses the request, e.g. a Write of Package URI outside Idle. */
    public static final ResponseCode BAD_REQUEST = new ResponseCode(4, 0);
    /** 4.04: the resource is absent, e.g. Execute Cancel on an object 5 v1.0. */
    public static final ResponseCode NOT_FOUND = new ResponseCode(4, 4);
    /** 4.05: the operation is not allowed in this state, e.g. Execute Update outside Downloaded. */
    public static final ResponseCode METHOD_NOT_ALLOWED = new ResponseCode(4, 5);

    /** Checks this is an error code: class 4 or 5, detail 0..31. */
    public ResponseCode {
        if (codeClass < 4 || codeClass > 5 || detail < 0 || detail > 31) {
            throw new IllegalArgumentException("not a CoAP error code: " + codeClass + "." + detail);
        }
    }

    @Override
    public String toString() {
        return codeClass + "." + (detail < 10 ? "0" : "") + detail;
    }
}
