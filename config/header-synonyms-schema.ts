import { z } from 'zod';

/**
 * Schema of config/header-synonyms.yaml: what a sheet's column headers and a few coded values may be
 * called. Business users edit the YAML; matching ignores case, spaces, punctuation, full-width forms
 * and a trailing unit in brackets, so list each wording once.
 */
const synonymList = z.array(z.string().trim().min(1)).min(1);
const optionalSynonymList = z.array(z.string().trim().min(1)).default([]);

export const headerSynonymsSchema = z
  .object({
    version: z.literal(1),
    /** Canonical field → the column headers that mean it. */
    fields: z
      .object({
        externalRef: synonymList,
        orderDate: synonymList,
        customerId: synonymList,
        customerName: synonymList,
        idType: synonymList,
        idNumber: synonymList,
        productCode: synonymList,
        productRisk: synonymList,
        customerRisk: synonymList,
        amount: synonymList,
        currency: synonymList,
        termMonths: synonymList,
        paymentMethod: synonymList,
        salesRep: synonymList,
        branch: synonymList,
        creditGrade: synonymList,
        notes: synonymList,
      })
      .strict(),
    /** Cell values with a fixed vocabulary: canonical value → the wordings that mean it. */
    values: z
      .object({
        idType: z
          .object({ resident_id: synonymList, uscc: synonymList, passport: synonymList })
          .strict(),
        productRisk: z
          .object({
            R1: optionalSynonymList,
            R2: optionalSynonymList,
            R3: optionalSynonymList,
            R4: optionalSynonymList,
            R5: optionalSynonymList,
          })
          .strict()
          .prefault({}),
        customerRisk: z
          .object({
            C1: optionalSynonymList,
            C2: optionalSynonymList,
            C3: optionalSynonymList,
            C4: optionalSynonymList,
            C5: optionalSynonymList,
          })
          .strict()
          .prefault({}),
        /** ISO 4217 code → local names; codes themselves always match. */
        currency: z.record(z.string().regex(/^[A-Z]{3}$/), synonymList).default({}),
        /** The CRM's payment-method code → the firm's wordings for it; unlisted wordings pass through. */
        paymentMethod: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), synonymList).default({}),
      })
      .strict(),
  })
  .strict();

export type HeaderSynonymsConfig = z.infer<typeof headerSynonymsSchema>;
