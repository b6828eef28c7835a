#!/usr/bin/env bash
# Creates (or replaces) the Athena views of sql/athena/views in a deployed stack, in dependency order.
# Pulumi declares the tables and the workgroup; Athena views are Trino DDL, so they are run as queries after `pulumi up`.
# usage: infra/create-views.sh STACK     (needs the AWS CLI, credentials for the stack's account, and the Pulumi CLI)
set -euo pipefail
cd "$(dirname "$0")/.."
stack="${1:?usage: infra/create-views.sh STACK}"
workgroup="$(pulumi stack output athenaWorkgroupName --stack "$stack")"
database="$(pulumi stack output glueDatabaseName --stack "$stack")"
ddl="$(mktemp -d)"
trap 'rm -rf "$ddl"' EXIT
dotnet run --project local/Dataflow.Cli -- athena-views --repo . --out "$ddl"

for file in "$ddl"/*.sql; do
    id="$(aws athena start-query-execution --work-group "$workgroup" \
        --query-execution-context "Database=$database" --query-string "file://$file" \
        --query QueryExecutionId --output text)"
    while :; do
        state="$(aws athena get-query-execution --query-execution-id "$id" --query QueryExecution.Status.State --output text)"
        case "$state" in
            SUCCEEDED) echo "ok   $(basename "$file")"; break ;;
            FAILED|CANCELLED)
                echo "FAIL $(basename "$file"): $(aws athena get-query-execution --query-execution-id "$id" \
                    --query QueryExecution.Status.StateChangeReason --output text)" >&2
                exit 1 ;;
            *) sleep 2 ;;
        esac
    done
done
