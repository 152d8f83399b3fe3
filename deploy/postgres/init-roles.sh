#!/bin/sh
# Run once by the postgres image when it creates the database (/docker-entrypoint-initdb.d):
# creates the owner role that migrations use and the application role the web and workers use.
# The passwords come from Docker secrets, so they never sit in .env, which every app container
# reads. roles.sql is `python manage.py db_roles` output; a test keeps the two in step.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v owner_password="$(cat /run/secrets/db_owner_password)" \
    -v app_password="$(cat /run/secrets/db_app_password)" \
    -f /etc/alongside/roles.sql
