package org.connwatch.present.web;

/** The dashboard cannot start; the message is one line for the user (no stack trace needed). */
public final class WebStartException extends Exception {

    public WebStartException(String message) {
        super(message);
    }

    public WebStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
