// Arbitraries shared by the generated-input tests of the platform webhooks (test/platforms/*/*.fuzz.ts).
import fc from 'fast-check';

/** Short strings (any and binary), NUL, a lone surrogate, a long run, and the caller's meaningful samples. */
export const hostileStrings = (...samples: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.constantFrom('\u0000', '\ud800', 'x'.repeat(5_000), ...samples),
  );

/** What a field may be replaced with: a hostile string or a value of the wrong type. */
export const fieldValue = (hostile: fc.Arbitrary<string>): fc.Arbitrary<unknown> =>
  fc.oneof(
    hostile,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(hostile, { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), hostile, { maxKeys: 3 }),
  );

/** A valid shape with up to `max` of `keys` replaced by `values` or removed. */
export const withFieldsReplaced = <T extends Record<string, unknown>>(
  base: fc.Arbitrary<T>,
  keys: string[],
  values: fc.Arbitrary<unknown>,
  max = 3,
): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(
      base,
      fc.dictionary(fc.constantFrom(...keys), fc.option(values, { nil: undefined }), { maxKeys: max }),
    )
    .map(([b, over]) => {
      const o: Record<string, unknown> = { ...b };
      for (const [k, v] of Object.entries(over)) {
        if (v === undefined) delete o[k];
        else o[k] = v;
      }
      return o;
    });
