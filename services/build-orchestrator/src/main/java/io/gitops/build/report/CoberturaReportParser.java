package io.gitops.build.report;

import java.io.IOException;
import java.io.InputStream;

import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/** Cobertura XML: {@code <coverage lines-covered= lines-valid=>}, or its {@code line-rate} when the counts are absent. */
public final class CoberturaReportParser {

    private static final long RATE_SCALE = 10_000;

    private CoberturaReportParser() {
    }

    public static CoverageReport parse(InputStream in, String path) throws IOException, MalformedReportException {
        long[] counts = {-1, -1};
        try {
            SafeXml.parse(in, new DefaultHandler() {
                private boolean root = true;

                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes)
                        throws SAXException {
                    if (!root) {
                        return;
                    }
                    root = false;
                    if (!"coverage".equals(qName)) {
                        throw new SAXException("root element is <" + qName + ">, not <coverage>");
                    }
                    String covered = attributes.getValue("lines-covered");
                    String valid = attributes.getValue("lines-valid");
                    if (covered != null && valid != null) {
                        counts[0] = JacocoReportParser.number(covered, "lines-covered");
                        counts[1] = JacocoReportParser.number(valid, "lines-valid");
                    } else {
                        counts[0] = rate(attributes.getValue("line-rate"));
                        counts[1] = RATE_SCALE;
                    }
                }
            });
        } catch (SAXException e) {
            throw new MalformedReportException("Cobertura report " + path + " is not valid: " + e.getMessage());
        }
        if (counts[1] < 0) {
            throw new MalformedReportException("Cobertura report " + path + " has no <coverage> element");
        }
        if (counts[0] > counts[1]) {
            throw new MalformedReportException("Cobertura report " + path + " covers more lines than it has");
        }
        return new CoverageReport("Cobertura", path, counts[0], counts[1]);
    }

    private static long rate(String value) throws SAXException {
        try {
            double rate = Double.parseDouble(value == null ? "" : value.trim());
            if (rate < 0 || rate > 1 || Double.isNaN(rate)) {
                throw new SAXException("line-rate is outside 0..1: " + value);
            }
            return Math.round(rate * RATE_SCALE);
        } catch (NumberFormatException e) {
            throw new SAXException("neither lines-covered/lines-valid nor a numeric line-rate: " + value);
        }
    }
}
