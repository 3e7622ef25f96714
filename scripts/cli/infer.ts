/** What the model API answered for one title. */
export interface Inference {
  readonly title: string;
  readonly label: string;
  readonly score: number;
}

export interface InferOptions {
  /** The model API's base URL, e.g. http://127.0.0.1:18080 (a KServe transformer or our server with role all). */
  readonly url: string;
  readonly model: string;
  readonly timeoutMs: number;
}

/** The v2 request for `titles`: one BYTES input named `text`. */
export function inferRequest(titles: readonly string[]): unknown {
  return { inputs: [{ name: 'text', datatype: 'BYTES', shape: [titles.length], data: titles }] };
}

interface OutputTensor {
  readonly name: string;
  readonly data: readonly unknown[];
}

/** Labels and scores of a v2 answer, checked: one of each per title. */
export function inferencesOf(titles: readonly string[], body: unknown): Inference[] {
  const outputs = (body as { outputs?: unknown }).outputs;
  if (!Array.isArray(outputs)) throw new Error('the model API answered without "outputs"');
  const tensor = (name: string) => (outputs as OutputTensor[]).find((output) => output.name === name)?.data;
  const labels = tensor('label');
  const scores = tensor('score');
  if (labels?.length !== titles.length || scores?.length !== titles.length) {
    throw new Error(`the model API answered without one "label" and one "score" per title (${titles.length} titles)`);
  }
  return titles.map((title, index) => ({ title, label: String(labels[index]), score: Number(scores[index]) }));
}

/** Classifies `titles` in one v2 request; an error names the URL and what the server said. */
export async function infer(titles: readonly string[], options: InferOptions): Promise<Inference[]> {
  const url = `${options.url.replace(/\/+$/, '')}/v2/models/${encodeURIComponent(options.model)}/infer`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(inferRequest(titles)),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new Error(
      `cannot reach the model API at ${url} (${cause}); start one with \`npx category-match model serve\` or give --url`,
      { cause: error },
    );
  }
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = String((JSON.parse(text) as { error?: unknown }).error ?? text);
    } catch {
      // Not JSON (a proxy's page): shown as it is.
    }
    throw new Error(`the model API answered ${response.status} at ${url}: ${message}`);
  }
  return inferencesOf(titles, JSON.parse(text));
}

/** `label  score  title`, the score with three decimals. */
export function inferenceLine({ title, label, score }: Inference): string {
  return `${label}  ${score.toFixed(3)}  ${title}`;
}
