import { fileURLToPath } from 'node:url';
import { approvalKeywordsSchema } from '../../config/approval-keywords-schema.ts';
import { loadYamlConfig } from '../../core/config/load-yaml-config.ts';

export const DEFAULT_KEYWORDS_PATH = fileURLToPath(new URL('../../config/approval-keywords.yaml', import.meta.url));

/** The decision words of config/approval-keywords.yaml, zh and en together, folded as replies are (NFKC, lower case), longest first. */
export interface DecisionKeywords {
  approve: string[];
  reject: string[];
  negations: string[];
  source: string;
}

function folded(words: readonly string[]): string[] {
  // Longest first, so 不同意 is tried before 同意 and "approved" before "approve".
  return [...new Set(words.map((w) => w.normalize('NFKC').toLowerCase()))].sort((a, b) => b.length - a.length);
}

/** Reads config/approval-keywords.yaml (or `path`) at start-up; a bad value throws a one-line ConfigError. */
export function loadDecisionKeywords(path: string = DEFAULT_KEYWORDS_PATH): DecisionKeywords {
  const config = loadYamlConfig(path, approvalKeywordsSchema);
  return {
    approve: folded([...config.approve.zh, ...config.approve.en]),
    reject: folded([...config.reject.zh, ...config.reject.en]),
    negations: folded([...config.negations.zh, ...config.negations.en]),
    source: path,
  };
}

let shipped: DecisionKeywords | undefined;

/** The shipped keyword file, read once: for callers that were not given a configured one. */
export function shippedDecisionKeywords(): DecisionKeywords {
  shipped ??= loadDecisionKeywords();
  return shipped;
}
