// Faults and AWS-faithful variations of the control-plane behaviour suites (see catalogue.ts for the format).
import type { FaultSpec, Selection } from './catalogue.ts';
import { bodyOf, editBody, madeUpAnswer, requestBodyOf, withBody, withRequestBody, type FaultHooks, type FaultMemory, type ProxyAnswer, type ProxyRequest } from './proxy.ts';
import { descriptionOf, editDescription, editSuccess, errorToSuccess, rewriteError, walk } from './transforms.ts';

// --- settings suite: retention, tags, monitoring, modes, record size, policies ---

const settings = (grep: string): Selection => ({ suite: 'settings', grep: `settings/${grep}/` });
const RETENTION = settings('retention');
const RETENTION_CHANGES = settings('retention-changes');
const TAGS = settings('tags');
const TAG_PAGING = settings('tag-paging');
const TAG_LIMITS = settings('tag-limits');
const TAG_RESOURCE = settings('tag-resource');
const MONITORING = settings('monitoring');
const MODE = settings('mode');
const MODE_SWITCH = settings('mode-switch');
const RECORD_SIZE = settings('record-size');
const POLICIES = settings('policies');
const IN_USE = settings('in-use');
const IN_USE_BILLABLE = settings('in-use-billable');

type Body = Record<string, unknown>;

const RETENTION_OPS = ['IncreaseStreamRetentionPeriod', 'DecreaseStreamRetentionPeriod'];
const MONITORING_OPS = ['EnableEnhancedMonitoring', 'DisableEnhancedMonitoring'];
const TAG_LISTS = ['ListTagsForStream', 'ListTagsForResource'];
const SETTINGS_OPS = [
  ...RETENTION_OPS,
  ...MONITORING_OPS,
  ...TAG_LISTS,
  'AddTagsToStream',
  'RemoveTagsFromStream',
  'TagResource',
  'UntagResource',
  'UpdateStreamMode',
  'UpdateMaxRecordSize',
  'UpdateStreamWarmThroughput',
  'PutResourcePolicy',
  'GetResourcePolicy',
  'DeleteResourcePolicy',
  'DescribeAccountSettings',
];
const ALL_METRICS = ['IncomingBytes', 'IncomingRecords', 'OutgoingBytes', 'OutgoingRecords', 'WriteProvisionedThroughputExceeded', 'ReadProvisionedThroughputExceeded', 'IteratorAgeMilliseconds'];

/** HTTP 200 with an empty body (a Unit output) made up by the proxy: the request never reaches the target. */
function swallowed(req: ProxyRequest): ProxyAnswer {
  return { ...madeUpAnswer(req, 200, {}), body: Buffer.alloc(0) };
}

/** A request with some members removed before it is forwarded. */
function withoutMembers(...names: string[]) {
  return (req: ProxyRequest): ProxyRequest => {
    const body = requestBodyOf(req);
    if (!body || !names.some((n) => n in body)) return req;
    const rest = Object.fromEntries(Object.entries(body).filter(([k]) => !names.includes(k)));
    return withRequestBody(req, rest);
  };
}

/** Every EnhancedMonitoring entry of a Describe* answer, or of the answer itself. */
function monitoringEntries(body: Body): Body[] {
  const d = descriptionOf(body);
  const list = d?.['EnhancedMonitoring'];
  return Array.isArray(list) ? (list.filter((e) => e && typeof e === 'object') as Body[]) : [];
}

/** A metric list naming all seven metrics (in any order, nothing else). */
function isEveryMetric(list: unknown): boolean {
  return Array.isArray(list) && list.length === ALL_METRICS.length && ALL_METRICS.every((m) => list.includes(m));
}

const SETTINGS_FAULTS: readonly FaultSpec[] = [
  {
    id: 'control-plane.settings-tags-not-applied',
    description: 'AddTagsToStream answers 200 with an empty body but adds nothing (never forwarded)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['AddTagsToStream'],
    suites: [TAGS, TAG_PAGING],
    transform: { request: swallowed },
  },
  {
    id: 'control-plane.settings-tag-resource-not-applied',
    description: 'TagResource answers 200 with an empty body but adds nothing (never forwarded)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['TagResource'],
    suites: [TAG_RESOURCE],
    transform: { request: swallowed },
  },
  {
    id: 'control-plane.settings-untag-not-applied',
    description: 'RemoveTagsFromStream and UntagResource answer 200 with an empty body but remove nothing (never forwarded)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['RemoveTagsFromStream', 'UntagResource'],
    suites: [TAGS, TAG_RESOURCE],
    transform: { request: swallowed },
  },
  {
    id: 'control-plane.settings-mode-switch-not-applied',
    description: 'UpdateStreamMode answers 200 with an empty body but the stream keeps its mode (never forwarded)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['UpdateStreamMode'],
    suites: [MODE_SWITCH],
    transform: { request: swallowed },
  },
  {
    id: 'control-plane.settings-summary-mode-stale',
    description: 'DescribeStreamSummary always reports StreamMode PROVISIONED (the mode switch is applied but never shown)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['DescribeStreamSummary'],
    suites: [MODE_SWITCH],
    transform: {
      response: editSuccess((body) => {
        const d = descriptionOf(body);
        const details = d?.['StreamModeDetails'];
        if (details && typeof details === 'object') (details as Body)['StreamMode'] = 'PROVISIONED';
      }),
    },
  },
  {
    id: 'control-plane.settings-retention-not-applied',
    description: 'Increase/DecreaseStreamRetentionPeriod with a value within 24..8760 answer 200 with an empty body but change nothing (never forwarded; values outside the range are still refused by the target)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: (req) => {
      const hours = RETENTION_OPS.includes(req.operation ?? '') ? requestBodyOf(req)?.['RetentionPeriodHours'] : undefined;
      return typeof hours === 'number' && hours >= 24 && hours <= 8760;
    },
    suites: [RETENTION, RETENTION_CHANGES],
    transform: { request: swallowed },
  },
  {
    id: 'control-plane.settings-refusal-accepted',
    description: 'InvalidArgumentException of the retention and tag operations (wrong direction, out of range, invalid characters, over the tag limit) answered as HTTP 200 with an empty body',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: [...RETENTION_OPS, 'AddTagsToStream', 'TagResource'],
    suites: [RETENTION, TAGS, TAG_RESOURCE],
    transform: {
      response: rewriteError(['InvalidArgumentException', 'LimitExceededException'], (answer) => ({
        ...answer,
        status: 200,
        body: Buffer.alloc(0),
        headers: answer.headers.filter(([n]) => n.toLowerCase() !== 'x-amzn-errortype'),
      })),
    },
  },
  {
    id: 'control-plane.settings-in-use-accepted',
    description: 'ResourceInUseException of the settings operations (stream not ACTIVE) answered as HTTP 200 {}',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: SETTINGS_OPS,
    suites: [IN_USE, IN_USE_BILLABLE],
    transform: { response: errorToSuccess(['ResourceInUseException']) },
  },
  {
    id: 'control-plane.settings-monitoring-desired-is-current',
    description: 'Enable/DisableEnhancedMonitoring answer DesiredShardLevelMetrics equal to CurrentShardLevelMetrics (the metrics before the call)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: MONITORING_OPS,
    suites: [MONITORING],
    transform: { response: editSuccess((body) => void (body['DesiredShardLevelMetrics'] = body['CurrentShardLevelMetrics'] ?? [])) },
  },
  {
    id: 'control-plane.settings-monitoring-not-described',
    description: 'DescribeStream and DescribeStreamSummary always show EnhancedMonitoring [{ShardLevelMetrics: []}]',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['DescribeStream', 'DescribeStreamSummary'],
    suites: [MONITORING],
    transform: { response: editSuccess((body) => monitoringEntries(body).forEach((e) => (e['ShardLevelMetrics'] = []))) },
  },
  {
    id: 'control-plane.settings-tag-limit-ignored',
    description: 'ListTagsForStream ignores Limit: the request is forwarded without it (every tag, HasMoreTags false)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['ListTagsForStream'],
    suites: [TAG_PAGING],
    transform: { request: withoutMembers('Limit') },
  },
  {
    id: 'control-plane.settings-tag-exclusive-start-ignored',
    description: 'ListTagsForStream ignores ExclusiveStartTagKey: every page starts from the first tag',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['ListTagsForStream'],
    suites: [TAG_PAGING],
    transform: { request: withoutMembers('ExclusiveStartTagKey') },
  },
  {
    id: 'control-plane.settings-has-more-tags-false',
    description: 'ListTagsForStream always answers HasMoreTags false, also when Limit cut the list',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['ListTagsForStream'],
    suites: [TAG_PAGING],
    transform: { response: editSuccess((body) => void (body['HasMoreTags'] = false)) },
  },
  {
    id: 'control-plane.settings-max-record-size-not-applied',
    description: 'UpdateMaxRecordSize answers 200 with an empty body but the stream keeps its maximum (never forwarded)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['UpdateMaxRecordSize'],
    suites: [RECORD_SIZE],
    transform: { request: swallowed },
  },
  {
    id: 'control-plane.settings-policy-not-deleted',
    description: 'DeleteResourcePolicy answers 200 with an empty body but the policy stays (never forwarded)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['DeleteResourcePolicy'],
    suites: [POLICIES],
    transform: { request: swallowed },
  },
  {
    id: 'control-plane.settings-policy-as-object',
    description: 'GetResourcePolicy answers Policy as a JSON object instead of a string holding the document',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['GetResourcePolicy'],
    suites: [POLICIES],
    transform: {
      response: editSuccess((body) => {
        if (typeof body['Policy'] !== 'string') return;
        try {
          body['Policy'] = JSON.parse(body['Policy']) as unknown;
        } catch {
          // not JSON: left as it is
        }
      }),
    },
  },

  // --- AWS-faithful variations: nothing may change under these ---
  {
    id: 'benign.settings-extra-members',
    description: 'Answers of the settings operations, their tag entries, and stream descriptions carry members the model does not know yet (AWS adds members over time)',
    kind: 'benign',
    area: 'control-plane',
    appliesTo: [...SETTINGS_OPS, 'DescribeStream', 'DescribeStreamSummary'],
    suites: [TAGS, TAG_PAGING, TAG_RESOURCE, MONITORING, MODE, RECORD_SIZE, POLICIES, RETENTION],
    transform: {
      response: editSuccess((body) => {
        body['ConformanceFutureMember'] = 'x';
        const d = descriptionOf(body);
        if (d) d['ConformanceFutureMember'] = 'x';
        for (const e of monitoringEntries(body)) e['ConformanceFutureMember'] = 'x';
        const tags = body['Tags'];
        if (Array.isArray(tags)) for (const t of tags) if (t && typeof t === 'object') (t as Body)['ConformanceFutureMember'] = 'x';
      }),
    },
  },
  {
    id: 'benign.settings-tags-reordered',
    description: 'Complete tag listings (ListTagsForResource; ListTagsForStream with HasMoreTags false) in another order: the documentation promises no order (a page cut by Limit keeps its order: the next page starts after its last key)',
    kind: 'benign',
    area: 'control-plane',
    appliesTo: TAG_LISTS,
    suites: [TAGS, TAG_PAGING, TAG_RESOURCE, TAG_LIMITS],
    transform: {
      response: editSuccess((body) => {
        if (!Array.isArray(body['Tags']) || body['HasMoreTags'] === true) return;
        body['Tags'] = [...(body['Tags'] as unknown[])].reverse();
      }),
    },
  },
  {
    id: 'benign.settings-all-metrics-as-all',
    description: 'A metric list holding all seven shard-level metrics is written ["ALL"] (in monitoring answers and descriptions): "ALL" is a MetricsName meaning every metric',
    kind: 'benign',
    area: 'control-plane',
    appliesTo: [...MONITORING_OPS, 'DescribeStream', 'DescribeStreamSummary'],
    suites: [MONITORING],
    transform: {
      response: editSuccess((body) => {
        for (const key of ['CurrentShardLevelMetrics', 'DesiredShardLevelMetrics']) if (isEveryMetric(body[key])) body[key] = ['ALL'];
        for (const e of monitoringEntries(body)) if (isEveryMetric(e['ShardLevelMetrics'])) e['ShardLevelMetrics'] = ['ALL'];
      }),
    },
  },
  {
    id: 'benign.settings-policy-reformatted',
    description: 'GetResourcePolicy returns the same policy document with other whitespace and member order (the Policy string is a JSON document, not a byte-exact copy)',
    kind: 'benign',
    area: 'control-plane',
    appliesTo: ['GetResourcePolicy'],
    suites: [POLICIES],
    transform: {
      response: (answer) => {
        const body = bodyOf(answer) as Body | undefined;
        if (answer.status !== 200 || typeof body?.['Policy'] !== 'string') return answer;
        let doc: unknown;
        try {
          doc = JSON.parse(body['Policy']);
        } catch {
          return answer;
        }
        const reverse = (v: unknown): unknown =>
          Array.isArray(v) ? v.map(reverse) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v;
        const policy = JSON.stringify(reverse(doc), null, 2);
        return policy === body['Policy'] ? answer : withBody(answer, { ...body, Policy: policy });
      },
    },
  },
];

// --- streams suite: stream lifecycle, resharding, shard and stream listing ---

const streams = (grep: string): Selection => ({ suite: 'streams', grep: `streams/${grep}/` });
const S_LIFECYCLE = streams('lifecycle');
const S_CREATION = streams('creation');
const S_LIMITS = streams('limits');
const S_SPLIT = streams('split');
const S_MERGE = streams('merge');
const S_RESCALE = streams('update-shard-count');
const S_LIST_SHARDS = streams('list-shards');
const S_SHARD_FILTER = streams('shard-filter');
const S_LIST_STREAMS = streams('list-streams');
const S_SPLIT_REFUSALS = streams('split-refusals');
const S_MERGE_REFUSALS = streams('merge-refusals');

const RESHARD_OPS = ['SplitShard', 'MergeShards', 'UpdateShardCount'];
const SHARD_LISTS = ['ListShards', 'DescribeStream'];
const MAX_KEY = 2n ** 128n - 1n;

/** The shard list of a ListShards or DescribeStream answer body, if any. */
function shardsOf(body: Body): Body[] {
  const list = body['Shards'] ?? descriptionOf(body)?.['Shards'];
  return Array.isArray(list) ? (list.filter((s) => s && typeof s === 'object') as Body[]) : [];
}

/** Edits every shard of successful ListShards / DescribeStream answers. */
function editShards(edit: (shard: Body) => void) {
  return editSuccess((body) => shardsOf(body).forEach(edit));
}

/** Name and ARN of the stream an answer describes or a request names. */
function streamKeys(req: ProxyRequest, d?: Body): string[] {
  const body = requestBodyOf(req);
  return [body?.['StreamName'], body?.['StreamARN'], d?.['StreamName'], d?.['StreamARN']].filter((k): k is string => typeof k === 'string' && k.length > 0);
}

/** Remembers the streams a resharding call (SplitShard, MergeShards, UpdateShardCount) was accepted for, with the time. */
function trackResharding(answer: ProxyAnswer, req: ProxyRequest, memory: FaultMemory): void {
  if (answer.status !== 200 || !RESHARD_OPS.includes(req.operation ?? '')) return;
  for (const k of streamKeys(req)) memory.notes.set(`reshard:${k}`, Date.now());
}

function reshardedAt(keys: string[], memory: FaultMemory): number | undefined {
  const times = keys.map((k) => memory.notes.get(`reshard:${k}`)).filter((t): t is number => typeof t === 'number');
  return times.length > 0 ? Math.max(...times) : undefined;
}

/** A stream description edited after the resharding calls were tracked. */
function afterResharding(edit: (d: Body, req: ProxyRequest, memory: FaultMemory) => void) {
  const describe = editDescription(edit);
  return (answer: ProxyAnswer, req: ProxyRequest, memory: FaultMemory): ProxyAnswer => {
    trackResharding(answer, req, memory);
    return describe(answer, req, memory);
  };
}

/** A request with some members removed before it is forwarded (the target never sees them). */
function dropMembers(...names: string[]) {
  return (req: ProxyRequest): ProxyRequest => {
    const body = requestBodyOf(req);
    if (!body || !names.some((n) => n in body)) return req;
    return withRequestBody(req, Object.fromEntries(Object.entries(body).filter(([k]) => !names.includes(k))));
  };
}

/**
 * UPDATING after SplitShard/MergeShards/UpdateShardCount lasting `extraMs` longer than the target's
 * own phase, as AWS's minutes-long resharding does: once the target says ACTIVE again the proxy still
 * says UPDATING, and refuses resharding of that stream meanwhile with AWS's in-use text (aws-observed B.4).
 */
export function slowerResharding(extraMs: number): FaultHooks {
  const since = (keys: string[], memory: FaultMemory): number | undefined => {
    const times = keys.map((k) => memory.notes.get(`reshard-active:${k}`)).filter((t): t is number => typeof t === 'number');
    return times.length > 0 ? Math.min(...times) : undefined;
  };
  return {
    request: (req, memory) => {
      if (!RESHARD_OPS.includes(req.operation ?? '')) return req;
      const keys = streamKeys(req);
      const start = since(keys, memory);
      if (start === undefined || Date.now() - start >= extraMs) return req;
      const arn = keys.find((k) => k.startsWith('arn:')) ?? memory.notes.get(`reshard-arn:${keys[0] ?? ''}`);
      const name = keys.find((k) => !k.startsWith('arn:')) ?? (typeof arn === 'string' ? arn.slice(arn.lastIndexOf('/') + 1) : '');
      const account = typeof arn === 'string' ? (arn.split(':')[4] ?? '') : '000000000000';
      return madeUpAnswer(req, 400, { __type: 'ResourceInUseException', message: `Stream ${name} under account ${account} not ACTIVE, instead in state UPDATING` });
    },
    response: afterResharding((d, req, memory) => {
      const keys = streamKeys(req, d);
      const at = reshardedAt(keys, memory);
      if (at === undefined || d['StreamStatus'] !== 'ACTIVE') return;
      if (typeof d['StreamName'] === 'string' && typeof d['StreamARN'] === 'string') memory.notes.set(`reshard-arn:${d['StreamName']}`, d['StreamARN']);
      for (const k of keys) {
        const seen = memory.notes.get(`reshard-active:${k}`);
        // The stretch starts when the target first says ACTIVE after this resharding call.
        if (typeof seen !== 'number' || seen < at) memory.notes.set(`reshard-active:${k}`, Date.now());
      }
      const start = since(keys, memory);
      if (start !== undefined && Date.now() - start < extraMs) d['StreamStatus'] = 'UPDATING';
    }),
  };
}

const STREAMS_FAULTS: readonly FaultSpec[] = [
  {
    id: 'control-plane.streams-split-not-applied',
    description: 'SplitShard answers 200 with an empty body but splits nothing (never forwarded)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['SplitShard'],
    suites: [S_SPLIT],
    transform: { request: swallowed },
  },
  {
    id: 'control-plane.streams-merge-not-applied',
    description: 'MergeShards answers 200 with an empty body but merges nothing (never forwarded)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['MergeShards'],
    suites: [S_MERGE],
    transform: { request: swallowed },
  },
  {
    id: 'control-plane.streams-rescale-not-applied',
    description: 'UpdateShardCount answers 200 with StreamName and TargetShardCount but rescales nothing (never forwarded)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['UpdateShardCount'],
    suites: [S_RESCALE],
    transform: {
      request: (req) => {
        const body = requestBodyOf(req) ?? {};
        return madeUpAnswer(req, 200, { StreamName: body['StreamName'], TargetShardCount: body['TargetShardCount'] });
      },
    },
  },
  {
    id: 'control-plane.streams-updating-skipped',
    description: 'After an accepted SplitShard, MergeShards or UpdateShardCount the stream is described ACTIVE at once: UPDATING never appears',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: [...RESHARD_OPS, 'DescribeStreamSummary', 'DescribeStream'],
    suites: [S_SPLIT, S_MERGE, S_RESCALE],
    transform: {
      response: afterResharding((d, req, memory) => {
        if (d['StreamStatus'] === 'UPDATING' && reshardedAt(streamKeys(req, d), memory) !== undefined) d['StreamStatus'] = 'ACTIVE';
      }),
    },
  },
  {
    id: 'control-plane.streams-parent-left-open',
    description: 'ListShards and DescribeStream list every shard without EndingSequenceNumber: closed parents look open',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: SHARD_LISTS,
    suites: [S_SPLIT, S_MERGE],
    transform: {
      response: editShards((s) => {
        const range = s['SequenceNumberRange'] as Body | undefined;
        if (range && range['EndingSequenceNumber'] !== undefined && range['EndingSequenceNumber'] !== null) delete range['EndingSequenceNumber'];
      }),
    },
  },
  {
    id: 'control-plane.streams-parent-id-dropped',
    description: 'ListShards and DescribeStream drop ParentShardId and AdjacentParentShardId: children look orphaned',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: SHARD_LISTS,
    suites: [S_SPLIT, S_MERGE],
    transform: {
      response: editShards((s) => {
        delete s['ParentShardId'];
        delete s['AdjacentParentShardId'];
      }),
    },
  },
  {
    id: 'control-plane.streams-hash-range-gap',
    description: 'ListShards and DescribeStream give every shard not ending at 2^128−1 an EndingHashKey one too low: a hash key between shards belongs to none',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: SHARD_LISTS,
    suites: [S_LIFECYCLE, S_SPLIT, S_MERGE],
    transform: {
      response: editShards((s) => {
        const range = s['HashKeyRange'] as Body | undefined;
        const end = typeof range?.['EndingHashKey'] === 'string' ? BigInt(range['EndingHashKey']) : undefined;
        if (range && end !== undefined && end < MAX_KEY && end > 0n) range['EndingHashKey'] = (end - 1n).toString();
      }),
    },
  },
  {
    id: 'control-plane.streams-open-shard-count-as-created',
    description: 'DescribeStreamSummary keeps reporting the OpenShardCount the stream was created with (resharding never updates it)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['CreateStream', 'DescribeStreamSummary'],
    suites: [S_SPLIT, S_MERGE, S_RESCALE],
    transform: {
      response: (answer, req, memory) => {
        const body = requestBodyOf(req);
        if (req.operation === 'CreateStream') {
          if (answer.status === 200 && typeof body?.['StreamName'] === 'string' && typeof body['ShardCount'] === 'number') memory.notes.set(`created:${body['StreamName']}`, body['ShardCount']);
          return answer;
        }
        return editDescription((d) => {
          const created = memory.notes.get(`created:${String(d['StreamName'])}`);
          if (typeof created === 'number' && typeof d['OpenShardCount'] === 'number') d['OpenShardCount'] = created;
        })(answer, req, memory);
      },
    },
  },
  {
    id: 'control-plane.streams-rescale-counts-wrong',
    description: 'UpdateShardCount answers CurrentShardCount equal to TargetShardCount (the count after the update instead of before)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['UpdateShardCount'],
    suites: [S_RESCALE],
    transform: { response: editSuccess((body) => void (body['CurrentShardCount'] = body['TargetShardCount'])) },
  },
  {
    id: 'control-plane.streams-list-shards-max-results-ignored',
    description: 'ListShards ignores MaxResults: the request is forwarded without it (every shard, no NextToken)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['ListShards'],
    suites: [S_LIST_SHARDS],
    transform: { request: dropMembers('MaxResults') },
  },
  {
    id: 'control-plane.streams-list-shards-exclusive-start-ignored',
    description: 'ListShards and DescribeStream ignore ExclusiveStartShardId: every listing starts with the first shard',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: SHARD_LISTS,
    suites: [S_LIST_SHARDS],
    transform: { request: dropMembers('ExclusiveStartShardId') },
  },
  {
    id: 'control-plane.streams-describe-stream-limit-ignored',
    description: 'DescribeStream ignores Limit: the request is forwarded without it (every shard, HasMoreShards false)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['DescribeStream'],
    suites: [S_LIST_SHARDS],
    transform: { request: dropMembers('Limit') },
  },
  {
    id: 'control-plane.streams-shard-filter-ignored',
    description: 'ListShards ignores ShardFilter: the request is forwarded without it (every shard whatever the filter)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['ListShards'],
    suites: [S_SHARD_FILTER],
    transform: { request: dropMembers('ShardFilter') },
  },
  {
    id: 'control-plane.streams-list-streams-limit-ignored',
    description: 'ListStreams ignores Limit: the request is forwarded without it (up to 100 names)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['ListStreams'],
    suites: [S_LIST_STREAMS],
    transform: { request: dropMembers('Limit') },
  },
  {
    id: 'control-plane.streams-list-streams-exclusive-start-ignored',
    description: 'ListStreams ignores ExclusiveStartStreamName: every page starts with the first stream of the account',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['ListStreams'],
    suites: [S_LIST_STREAMS],
    transform: { request: dropMembers('ExclusiveStartStreamName') },
  },
  {
    id: 'control-plane.streams-has-more-false',
    description: 'DescribeStream and ListStreams always answer HasMoreShards / HasMoreStreams false, also when Limit cut the list',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['DescribeStream', 'ListStreams'],
    suites: [S_LIST_SHARDS, S_LIST_STREAMS],
    transform: {
      response: editSuccess((body) => {
        if (body['HasMoreStreams'] === true) body['HasMoreStreams'] = false;
        const d = descriptionOf(body);
        if (d?.['HasMoreShards'] === true) d['HasMoreShards'] = false;
      }),
    },
  },
  {
    id: 'control-plane.streams-refusal-accepted',
    description: 'InvalidArgumentException of SplitShard, MergeShards and ListShards (key outside the shard, shards not adjacent, NextToken with StreamName) answered as HTTP 200 with an empty body',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['SplitShard', 'MergeShards', 'ListShards'],
    suites: [S_SPLIT_REFUSALS, S_MERGE_REFUSALS, S_LIST_SHARDS],
    transform: {
      response: rewriteError(['InvalidArgumentException'], (answer) => ({ ...answer, status: 200, body: Buffer.alloc(0), headers: answer.headers.filter(([n]) => n.toLowerCase() !== 'x-amzn-errortype') })),
    },
  },
  {
    id: 'control-plane.streams-in-use-accepted',
    description: 'ResourceInUseException of SplitShard, MergeShards and UpdateShardCount (stream CREATING or UPDATING) answered as HTTP 200 (the target changed nothing)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: RESHARD_OPS,
    suites: [S_SPLIT, S_MERGE, S_CREATION],
    transform: { response: rewriteError(['ResourceInUseException'], (answer) => ({ ...answer, status: 200, body: Buffer.alloc(0), headers: answer.headers.filter(([n]) => n.toLowerCase() !== 'x-amzn-errortype') })) },
  },
  {
    id: 'control-plane.streams-duplicate-create-accepted',
    description: 'CreateStream with the name of an existing stream answers 200 with an empty body instead of ResourceInUseException',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['CreateStream'],
    suites: [S_LIFECYCLE],
    transform: { response: rewriteError(['ResourceInUseException'], (answer) => ({ ...answer, status: 200, body: Buffer.alloc(0), headers: answer.headers.filter(([n]) => n.toLowerCase() !== 'x-amzn-errortype') })) },
  },
  {
    id: 'control-plane.streams-shard-limit-unchecked',
    description: 'CreateStream over the account shard limit answers 200 with an empty body instead of LimitExceededException',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['CreateStream'],
    suites: [S_LIMITS],
    transform: { response: rewriteError(['LimitExceededException'], (answer) => ({ ...answer, status: 200, body: Buffer.alloc(0), headers: answer.headers.filter(([n]) => n.toLowerCase() !== 'x-amzn-errortype') })) },
  },
  {
    id: 'control-plane.streams-limits-open-shards-zero',
    description: 'DescribeLimits always answers OpenShardCount 0 (the account usage is not counted)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['DescribeLimits'],
    suites: [S_LIMITS],
    transform: { response: editSuccess((body) => void (body['OpenShardCount'] = 0)) },
  },
  {
    id: 'control-plane.streams-deleting-skipped',
    description: 'A stream being deleted is not found at once: DescribeStreamSummary/DescribeStream of a DELETING stream answer ResourceNotFoundException',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['DescribeStreamSummary', 'DescribeStream'],
    suites: [S_LIFECYCLE],
    transform: {
      response: (answer, req) => {
        const d = answer.status === 200 ? descriptionOf((bodyOf(answer) as Body | undefined) ?? {}) : undefined;
        if (d?.['StreamStatus'] !== 'DELETING') return answer;
        const account = typeof d['StreamARN'] === 'string' ? (d['StreamARN'].split(':')[4] ?? '') : '';
        return madeUpAnswer(req, 400, { __type: 'ResourceNotFoundException', message: `Stream ${String(d['StreamName'])} under account ${account} not found.` });
      },
    },
  },
  {
    id: 'control-plane.streams-creation-tags-ignored',
    description: 'CreateStream ignores Tags: the request is forwarded without them (the stream starts untagged)',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['CreateStream'],
    suites: [S_CREATION],
    transform: { request: dropMembers('Tags') },
  },
  {
    id: 'control-plane.streams-default-shard-count-one',
    description: 'CreateStream without ShardCount (and without StreamModeDetails) creates 1 shard instead of the 4 AWS was recorded creating',
    kind: 'fault',
    area: 'control-plane',
    appliesTo: ['CreateStream'],
    suites: [S_CREATION],
    transform: {
      request: (req) => {
        const body = requestBodyOf(req);
        if (!body || body['ShardCount'] !== undefined || body['StreamModeDetails'] !== undefined) return req;
        return withRequestBody(req, { ...body, ShardCount: 1 });
      },
    },
  },

  // --- AWS-faithful variations: nothing may change under these ---
  {
    id: 'benign.streams-slower-resharding',
    description: 'UPDATING after SplitShard/MergeShards/UpdateShardCount lasts 1.5 s longer (AWS takes seconds to minutes); resharding the stream meanwhile is refused with ResourceInUseException and AWS\'s text',
    kind: 'benign',
    area: 'control-plane',
    appliesTo: [...RESHARD_OPS, 'DescribeStreamSummary', 'DescribeStream'],
    suites: [S_SPLIT, S_MERGE, S_RESCALE, S_SHARD_FILTER],
    transform: slowerResharding(1_500),
  },
  {
    id: 'benign.streams-extra-members',
    description: 'Stream descriptions, shards, UpdateShardCount, ListStreams and DescribeLimits answers carry members the model does not know yet (AWS adds members over time)',
    kind: 'benign',
    area: 'control-plane',
    appliesTo: ['DescribeStream', 'DescribeStreamSummary', 'ListShards', 'ListStreams', 'UpdateShardCount', 'DescribeLimits'],
    suites: [S_LIFECYCLE, S_LIMITS, S_SPLIT, S_MERGE, S_RESCALE, S_LIST_SHARDS, S_LIST_STREAMS],
    transform: {
      response: editSuccess((body) => {
        body['ConformanceFutureMember'] = 'x';
        const d = descriptionOf(body);
        if (d) d['ConformanceFutureMember'] = 'x';
        for (const s of shardsOf(body)) s['ConformanceFutureMember'] = 'x';
      }),
    },
  },
  {
    id: 'benign.streams-null-members-omitted',
    description: 'Null members of stream descriptions and shards are omitted, as AWS writes them (EndingSequenceNumber of an open shard, ParentShardId of a first-generation shard, NextToken on the last page)',
    kind: 'benign',
    area: 'control-plane',
    appliesTo: ['DescribeStream', 'DescribeStreamSummary', 'ListShards', 'ListStreams', 'UpdateShardCount'],
    suites: [S_LIFECYCLE, S_SPLIT, S_MERGE, S_LIST_SHARDS, S_SHARD_FILTER],
    transform: {
      response: (answer) => {
        if (answer.status !== 200) return answer;
        return editBody(answer, (body) => walk(body, (o) => {
          for (const [k, v] of Object.entries(o)) if (v === null) delete o[k];
        }));
      },
    },
  },
];

export const CONTROL_PLANE_FAULTS: readonly FaultSpec[] = [...SETTINGS_FAULTS, ...STREAMS_FAULTS];
