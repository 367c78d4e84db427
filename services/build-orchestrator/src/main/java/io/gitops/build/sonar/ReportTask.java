package io.gitops.build.sonar;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;

/** {@code report-task.txt} as the SonarQube scanners write it: the server URL and the compute-engine task id. */
public record ReportTask(String projectKey, String serverUrl, String ceTaskId, String dashboardUrl) {

    /** Parses the file's {@code key=value} lines; throws when {@code ceTaskId} is missing. */
    public static ReportTask parse(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalArgumentException("report-task.txt cannot be read: " + e.getMessage(), e);
        }
        String taskId = properties.getProperty("ceTaskId");
        if (taskId == null || taskId.isBlank()) {
            throw new IllegalArgumentException("report-task.txt has no ceTaskId");
        }
        return new ReportTask(properties.getProperty("projectKey"), properties.getProperty("serverUrl"),
                taskId.strip(), properties.getProperty("dashboardUrl"));
    }
}
