import type { KinesisClient, OperationName, Response } from '../../harness/index.ts';

/** Bodies larger than this are always sent again rather than remembered. */
const MAX_REMEMBERED_BODY = 64 * 1024;

/** Per client, i.e. per test file and run: a worker kept between runs must not answer a run from another's requests. */
const answersOf = new WeakMap<KinesisClient, Map<string, Promise<Response>>>();

/**
 * The answer to a request, sent once per test file. The status and message cases of one constraint
 * generate the same requests (same seed, same absent names), and a validation answer does not depend
 * on when it is asked, so the second case reads the first one's answers instead of doubling the
 * requests. Only requests that change nothing go through here.
 */
export function answerTo(kinesis: KinesisClient, operation: OperationName, body: unknown): Promise<Response> {
  const text = JSON.stringify(body);
  if (text.length > MAX_REMEMBERED_BODY) return kinesis.call(operation, body);
  const key = `${operation}\n${text}`;
  let answers = answersOf.get(kinesis);
  if (!answers) answersOf.set(kinesis, (answers = new Map()));
  let answer = answers.get(key);
  if (!answer) {
    answer = kinesis.call(operation, body);
    answers.set(key, answer);
  }
  return answer;
}
