{{/* The database flags and password every component takes. */}}
{{- define "coalition.dbArgs" -}}
- --db_host={{ .Values.database.host }}
- --db_port={{ .Values.database.port }}
- --db_user={{ .Values.database.user }}
- --db_pool_size={{ .Values.database.poolSize }}
{{- end -}}

{{- define "coalition.dbEnv" -}}
- name: COALITION_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.passwordSecret }}
      key: password
{{- end -}}
