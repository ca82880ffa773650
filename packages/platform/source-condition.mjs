// A module resolution hook (node:module register) adding the `@cordon/source` export condition: see
// run-from-source.mjs.
const CONDITION = '@cordon/source';

export async function resolve(specifier, context, next) {
  if (context.conditions.includes(CONDITION)) return next(specifier, context);
  return next(specifier, { ...context, conditions: [...context.conditions, CONDITION] });
}
