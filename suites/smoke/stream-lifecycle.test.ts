import { expect } from 'vitest';
import { conformanceCase, describeResponse, errorBodyOf, expectError, expectSuccess, fail, streamNameFor, summaryOf, waitForState } from '../../harness/index.ts';

const REF = 'Kinesis API Reference, CreateStream / DescribeStreamSummary / DeleteStream';

// The whole path in one case: create, CREATING -> ACTIVE, describe, delete, gone.
conformanceCase(
  {
    id: 'smoke/stream-lifecycle',
    operation: 'CreateStream',
    member: null,
    rule: 'state.creating-active-deleted',
    rules: ['CS-01', 'CS-02', 'DS-01', 'DSS-01'],
    ref: `${REF}: "CreateStream is an asynchronous operation ... the stream status is CREATING ... Kinesis Data Streams sets the stream status to ACTIVE"`,
    expectation: 'CreateStream 200 with empty body; CREATING then ACTIVE; DescribeStreamSummary names the stream; DeleteStream 200; then ResourceNotFoundException',
  },
  async ({ run, kinesis, streams, timeline }) => {
    const name = streamNameFor(run, 'smoke');
    const created = await kinesis.call('CreateStream', { StreamName: name, ShardCount: 1 });
    expectSuccess(created, 'CreateStream');
    expect(created.bodyText, 'CreateStream answers with an empty body').toBe('');
    try {
      await waitForState(
        `stream ${name} to become ACTIVE`,
        async () => {
          const res = await kinesis.call('DescribeStreamSummary', { StreamName: name });
          expectSuccess(res, 'DescribeStreamSummary');
          const s = summaryOf(res);
          if (!s) fail(`DescribeStreamSummary: no StreamDescriptionSummary.StreamStatus in ${describeResponse(res)}`);
          return { state: s.StreamStatus };
        },
        (o) => o.state === 'ACTIVE',
        run.target.bounds,
        timeline,
      );
      for (const entry of timeline.entries) expect(['CREATING', 'ACTIVE'], `states seen while creating: ${JSON.stringify(timeline)}`).toContain(entry.state);

      const described = await kinesis.call('DescribeStreamSummary', { StreamName: name });
      expectSuccess(described, 'DescribeStreamSummary');
      const summary = summaryOf(described);
      if (!summary) fail(`DescribeStreamSummary: no StreamDescriptionSummary.StreamStatus in ${describeResponse(described)}`);
      expect(summary).toMatchObject({ StreamName: name, StreamStatus: 'ACTIVE', OpenShardCount: 1, RetentionPeriodHours: 24 });
      expect(String(summary.StreamARN)).toMatch(new RegExp(`^arn:aws[a-z-]*:kinesis:${run.target.region}:\\d{12}:stream/${name}$`));
    } finally {
      const deleted = await kinesis.call('DeleteStream', { StreamName: name });
      expectSuccess(deleted, 'DeleteStream');
      streams.forget(name);
    }
    // DELETING may show briefly; afterwards the stream is gone.
    await waitForState(
      `stream ${name} to be deleted`,
      async () => {
        const res = await kinesis.call('DescribeStreamSummary', { StreamName: name });
        return { state: summaryOf(res)?.StreamStatus ?? errorBodyOf(res).type ?? `HTTP ${res.status}` };
      },
      (o) => o.state !== 'DELETING',
      run.target.bounds,
      timeline,
    );
    const gone = await kinesis.call('DescribeStreamSummary', { StreamName: name });
    expectError(gone, { type: 'ResourceNotFoundException' });
  },
);

conformanceCase(
  {
    id: 'smoke/describe-unknown-stream',
    operation: 'DescribeStreamSummary',
    member: 'StreamName',
    rule: 'error.resource-not-found',
    rules: ['X-02'],
    ref: 'Kinesis API Reference, DescribeStreamSummary, Errors: ResourceNotFoundException (HTTP 400); message recorded from AWS: "Stream <name> under account <account> not found." (aws-observed B.5)',
    expectation: 'HTTP 400, __type ResourceNotFoundException, message "Stream <name> under account <account> not found."',
  },
  async ({ run, kinesis }) => {
    const name = streamNameFor(run, 'absent');
    const res = await kinesis.call('DescribeStreamSummary', { StreamName: name });
    expectError(res, { type: 'ResourceNotFoundException', message: new RegExp(`^Stream ${name} under account \\d{12} not found\\.$`) });
  },
);
