// Evaluates GitHub Actions `${{ }}` templates with the official expression engine
// (@actions/expressions, ESM only, hence a separate process). Reads from stdin a JSON list of
// { template, contexts } and prints a JSON list of results: a template that is one expression
// keeps the expression's type (as Actions does); anything else is the interpolated string.
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';

const toData = (value) => JSON.parse(JSON.stringify(value ?? null), data.reviver);

function evaluate(expression, contexts) {
  const { tokens } = new Lexer(expression).lex();
  const ast = new Parser(tokens, Object.keys(contexts), []).parse();
  const context = new data.Dictionary(
    ...Object.entries(contexts).map(([key, value]) => ({ key, value: toData(value) })),
  );
  return JSON.parse(JSON.stringify(new Evaluator(ast, context).evaluate(), data.replacer));
}

function evaluateTemplate(template, contexts) {
  const parts = [...template.matchAll(/\$\{\{(.*?)\}\}/g)];
  const whole = parts.length === 1 && parts[0][0] === template.trim();
  if (whole) return evaluate(parts[0][1], contexts);
  return template.replace(/\$\{\{(.*?)\}\}/g, (_, expression) => {
    const value = evaluate(expression, contexts);
    return value === null ? '' : String(value);
  });
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const cases = JSON.parse(input);
process.stdout.write(JSON.stringify(cases.map(({ template, contexts }) => evaluateTemplate(template, contexts))));
