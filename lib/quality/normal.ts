// z for a two-sided 95% interval under the normal approximation. The same 1.96 as the spot checks'
// (lib/dataset/sampling.ts); kept here so the quality statistics do not depend on the dataset domain.
export const Z95 = 1.96;
