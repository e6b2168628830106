// A real OTLP receiver for the end-to-end tests: @elastic/mockotlpserver (npm), started here on
// 127.0.0.1 and a port given as argument (0 = any free port), speaking OTLP/HTTP or, with "grpc"
// as third argument, OTLP/gRPC. Prints one line "listening <url>", then one JSON line per received
// trace export request, normalized by mockotlpserver itself (hex ids, attributes as objects).
// Usage: node otlp-receiver.js <node_modules dir> <port> [http|grpc]
'use strict';

const path = require('path');
const [modules, port, service = 'http'] = process.argv.slice(2);
const {MockOtlpServer, normalizeTrace} = require(path.join(modules, '@elastic', 'mockotlpserver'));

async function main() {
    const server = new MockOtlpServer({
        services: [service],
        httpHostname: '127.0.0.1',
        httpPort: Number(port || 0),
        grpcHostname: '127.0.0.1',
        grpcPort: Number(port || 0),
        logLevel: 'warn',
        onTrace: (trace) => process.stdout.write(JSON.stringify(normalizeTrace(trace)) + '\n'),
    });
    await server.start();
    process.stdout.write('listening ' + (service === 'grpc' ? server.grpcUrl : server.httpUrl) + '\n');
    const stop = () => server.close().then(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
}

main().catch((err) => {
    process.stderr.write('otlp-receiver failed: ' + (err && err.stack || err) + '\n');
    process.exit(1);
});
