// One check and one message for `--topic a,b` in every command: an unknown topic is a usage error
// (exit 2) naming the topics there are, with a suggestion for a near miss.
import { UserError } from '../errors.js';
import type { Db } from '../store/open.js';
import { didYouMean } from '../suggest.js';

/** The topics with live cards in the collection, sorted. */
export function knownTopics(db: Db): string[] {
  return db.prepare('SELECT DISTINCT topic FROM cards WHERE retired_at IS NULL ORDER BY topic').pluck().all() as string[];
}

/** The error for topics that are not among `known` (pure; also used for deck-file topics). */
export function unknownTopicError(unknown: readonly string[], known: readonly string[]): UserError {
  const names = unknown.map((t) => `"${t}"`).join(', ');
  const hint = unknown.length === 1 ? didYouMean(unknown[0]!, known) : '';
  return new UserError(`unknown topic${unknown.length > 1 ? 's' : ''} ${names}${hint}; topics: ${known.length ? known.join(', ') : 'none'}`, 2);
}

/** Throws unless every topic is known. */
export function checkTopicNames(topics: readonly string[] | null | undefined, known: readonly string[]): void {
  if (!topics?.length) return;
  const have = new Set(known);
  const unknown = topics.filter((t) => !have.has(t));
  if (unknown.length) throw unknownTopicError(unknown, known);
}

/** Throws unless every topic has live cards in the collection. */
export function checkTopics(db: Db, topics: readonly string[] | null | undefined): void {
  if (topics?.length) checkTopicNames(topics, knownTopics(db));
}
