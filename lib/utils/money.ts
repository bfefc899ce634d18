/** US dollars as the app shows them: four decimals under a dollar (rating and judge calls cost fractions of a cent), two above. */
export const usd = (n: number) => `$${n < 1 ? n.toFixed(4) : n.toFixed(2)}`;
