package org.connwatch.present.web;

/**
 * A request the API answers with an error status and a one-line message ({@code {"error": "..."}}):
 * a bad parameter (400), something not found (404), a refused request (401, 403, 409).
 */
public final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** 400 with the message. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** 404 with the message. */
    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public int status() {
        return status;
    }
}
