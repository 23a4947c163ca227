/** Where the protocol rules are written; quoted in every case's `ref`. */
export const B3 = 'aws-observed.md §B.3 (kinesalite v3.3.3 test/connection.js, written against production)';
export const B1 = 'aws-observed.md §B.1 (kinesalite v3.3.3 test/helpers.js envelope rules, written against production)';
export const AWS_JSON_1_1 = 'Smithy awsJson1_1 protocol: POST /, Content-Type application/x-amz-json-1.1, X-Amz-Target <service shape name>.<operation name>';
export const SIGV4 = 'AWS General Reference, Signature Version 4 signing process';
