package io.gitops.sync.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small Helm charts for tests, as repository files: a web chart (Deployment + Service + ConfigMap) and bad ones. */
public final class Charts {

    private Charts() {
    }

    /** {@code charts/web}: ConfigMap, Service, Deployment; an extra ConfigMap when {@code .Values.extra} is set. */
    public static Map<String, String> web() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("charts/web/Chart.yaml", """
                apiVersion: v2
                name: web
                version: 0.1.0
                """);
        files.put("charts/web/values.yaml", """
                replicas: 1
                greeting: hello
                extra: false
                image:
                  repository: registry.local/web
                  tag: latest
                """);
        files.put("charts/web/templates/configmap.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-config
                data:
                  greeting: {{ .Values.greeting | quote }}
                """);
        files.put("charts/web/templates/service.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: {{ .Release.Name }}
                spec:
                  selector:
                    app: {{ .Release.Name }}
                  ports:
                    - port: 80
                      targetPort: 8080
                """);
        files.put("charts/web/templates/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ .Release.Name }}
                spec:
                  replicas: {{ .Values.replicas }}
                  selector:
                    matchLabels:
                      app: {{ .Release.Name }}
                  template:
                    metadata:
                      labels:
                        app: {{ .Release.Name }}
                    spec:
                      containers:
                        - name: app
                          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                          ports:
                            - containerPort: 8080
                """);
        files.put("charts/web/templates/extra.yaml", """
                {{- if .Values.extra }}
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-extra
                data:
                  extra: "yes"
                {{- end }}
                """);
        return files;
    }

    /** {@code charts/broken}: a template calling a function Helm does not have. */
    public static Map<String, String> broken() {
        return Map.of(
                "charts/broken/Chart.yaml", "apiVersion: v2\nname: broken\nversion: 0.1.0\n",
                "charts/broken/templates/cm.yaml", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata:
                          name: {{ .Release.Name | noSuchFunction }}
                        """);
    }

    /** {@code charts/widget}: an object of a kind no API server serves. */
    public static Map<String, String> unknownKind() {
        return Map.of(
                "charts/widget/Chart.yaml", "apiVersion: v2\nname: widget\nversion: 0.1.0\n",
                "charts/widget/templates/widget.yaml", """
                        apiVersion: example.com/v1
                        kind: Widget
                        metadata:
                          name: {{ .Release.Name }}
                        spec:
                          size: 3
                        """);
    }
}
