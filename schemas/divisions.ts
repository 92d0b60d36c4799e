import { z } from 'zod';

/** schemas/data/divisions.json: the GB/T 2260 table made by scripts/make-divisions.ts. Codes are six digits. */
export const DivisionsSchema = z.object({
  source: z.string(),
  provinces: z.array(z.object({ code: z.string().regex(/^\d{6}$/), name: z.string(), short: z.string(), municipality: z.boolean() })),
  /** prefecture-level cities (and, for 直辖市, the municipality itself; county-level cities under a province) */
  cities: z.array(z.object({ code: z.string().regex(/^\d{6}$/), name: z.string(), short: z.string() })),
  /** county-level divisions with the code of their city */
  districts: z.array(z.object({ code: z.string().regex(/^\d{6}$/), name: z.string(), city: z.string().regex(/^\d{6}$/) })),
});
export type Divisions = z.infer<typeof DivisionsSchema>;
