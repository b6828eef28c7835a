// Starts s3rver on 127.0.0.1 with a free port and the buckets named on the command line,
// prints {"port":N} once it listens, and stops when its standard input closes (the test process ended).
const S3rver = require('s3rver');
const fs = require('fs');
const os = require('os');
const path = require('path');

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
const buckets = process.argv.slice(2).map((name) => ({ name }));
const server = new S3rver({ port: 0, address: '127.0.0.1', directory, silent: true, configureBuckets: buckets });

// s3rver predates S3's conditional writes: answer a PUT with "If-None-Match: *" on an existing key as S3 does,
// 412 PreconditionFailed, so the raw store's create-only writes are tested against the protocol, not a mock.
server.middleware.unshift(async (ctx, next) => {
  const [bucket, ...rest] = decodeURIComponent(ctx.path).replace(/^\//, '').split('/');
  const key = rest.join('/');
  if (ctx.method === 'PUT' && key && ctx.get('if-none-match') === '*' && (await server.store.existsObject(bucket, key))) {
    ctx.status = 412;
    ctx.type = 'application/xml';
    ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code>'
      + '<Message>At least one of the pre-conditions you specified did not hold</Message><Condition>If-None-Match</Condition></Error>';
    return;
  }
  await next();
});

server.run().then(({ port }) => {
  process.stdout.write(JSON.stringify({ port }) + '\n');
});

process.stdin.resume();
process.stdin.on('end', () => {
  server.close().finally(() => {
    fs.rmSync(directory, { recursive: true, force: true });
    process.exit(0);
  });
});
