package io.gitops.build.report;

/** A report file exists but cannot be read as what it claims to be. */
public class MalformedReportException extends Exception {

    public MalformedReportException(String message) {
        super(message);
    }
}
