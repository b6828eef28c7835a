#!/usr/bin/env bash
# Builds the ingestion Lambda's deployment package for the managed dotnet10 runtime on arm64:
#   artifacts/lambda/ingestion.zip   (the Pulumi program deploys this file)
# Framework-dependent: the runtime provides .NET, so the package holds only our assemblies, the AWS SDK and the
# contract files. Prints the package size.
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/lambda
rm -rf "$out/publish" "$out/ingestion.zip"
dotnet publish lambda/Dataflow.Ingestion.Lambda/Dataflow.Ingestion.Lambda.csproj \
    -c Release -r linux-arm64 --self-contained false -p:ContinuousIntegrationBuild=true -o "$out/publish" -nologo -v quiet
(cd "$out/publish" && python3 -c "
import os, sys, zipfile
with zipfile.ZipFile('../ingestion.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    for root, _, files in sorted(os.walk('.')):
        for f in sorted(files):
            path = os.path.join(root, f)
            info = zipfile.ZipInfo(os.path.relpath(path, '.'), date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, 'rb') as fh:
                z.writestr(info, fh.read())
")
bytes=$(stat -c %s "$out/ingestion.zip")
echo "artifacts/lambda/ingestion.zip: $bytes bytes ($(( (bytes + 1023) / 1024 )) KiB), handler Dataflow.Ingestion.Lambda::Dataflow.Ingestion.Lambda.IngestionFunction::HandleAsync"
