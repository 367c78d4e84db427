package io.gitops.build.report;

import java.io.IOException;
import java.io.InputStream;

import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/** JaCoCo XML: the report-level {@code <counter type="LINE" missed= covered=>} (a direct child of {@code <report>}). */
public final class JacocoReportParser {

    private JacocoReportParser() {
    }

    public static CoverageReport parse(InputStream in, String path) throws IOException, MalformedReportException {
        long[] counts = {-1, -1};
        try {
            SafeXml.parse(in, new DefaultHandler() {
                private int depth;

                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes)
                        throws SAXException {
                    depth++;
                    if (depth == 1 && !"report".equals(qName)) {
                        throw new SAXException("root element is <" + qName + ">, not <report>");
                    }
                    if (depth == 2 && "counter".equals(qName) && "LINE".equals(attributes.getValue("type"))) {
                        counts[0] = number(attributes.getValue("missed"), "missed");
                        counts[1] = number(attributes.getValue("covered"), "covered");
                    }
                }

                @Override
                public void endElement(String uri, String localName, String qName) {
                    depth--;
                }
            });
        } catch (SAXException e) {
            throw new MalformedReportException("JaCoCo report " + path + " is not valid: " + e.getMessage());
        }
        if (counts[1] < 0) {
            throw new MalformedReportException("JaCoCo report " + path + " has no report-level LINE counter");
        }
        return new CoverageReport("JaCoCo", path, counts[1], counts[0] + counts[1]);
    }

    static long number(String value, String what) throws SAXException {
        try {
            long parsed = Long.parseLong(value == null ? "" : value.trim());
            if (parsed < 0) {
                throw new SAXException(what + " is negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new SAXException(what + " is not a number: " + value);
        }
    }
}
