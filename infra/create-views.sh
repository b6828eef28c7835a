#!/usr/bin/env bash
# Creates (or replaces) the Athena views of sql/athena/views in a deployed stack, in dependency order.
# Pulumi declares each view's DDL as a named query of the stack's workgroup (stack output athenaViewQueryIds, in file
# order); Athena views are Trino DDL, so this runs those queries after `pulumi up`. Idempotent (CREATE OR REPLACE).
# usage: infra/create-views.sh STACK     (needs the Pulumi CLI, the AWS CLI with credentials for the stack's account, jq)
set -euo pipefail
stack="${1:?usage: infra/create-views.sh STACK}"
workgroup="$(pulumi stack output athenaWorkgroupName --stack "$stack")"
database="$(pulumi stack output glueDatabaseName --stack "$stack")"

for id in $(pulumi stack output athenaViewQueryIds --stack "$stack" --json | jq -r '.[]'); do
    name="$(aws athena get-named-query --named-query-id "$id" --query NamedQuery.Name --output text)"
    sql="$(aws athena get-named-query --named-query-id "$id" --query NamedQuery.QueryString --output text)"
    execution="$(aws athena start-query-execution --work-group "$workgroup" \
        --query-execution-context "Database=$database" --query-string "$sql" \
        --query QueryExecutionId --output text)"
    while :; do
        state="$(aws athena get-query-execution --query-execution-id "$execution" --query QueryExecution.Status.State --output text)"
        case "$state" in
            SUCCEEDED) echo "ok   $name"; break ;;
            FAILED|CANCELLED)
                echo "FAIL $name: $(aws athena get-query-execution --query-execution-id "$execution" \
                    --query QueryExecution.Status.StateChangeReason --output text)" >&2
                exit 1 ;;
            *) sleep 2 ;;
        esac
    done
done
