// What a page says when a server action could not be reached at all (offline, the server restarting): the
// call threw before any answer, so nothing is known to have happened.

export const UNREACHABLE = "Could not reach MedSeed. Check your connection and try again.";

export type Unreachable = {
  ok: false;
  code: "INTERNAL";
  message: string;
  fieldErrors?: undefined;
  detail?: undefined;
};

/** The action's answer, or a failure saying MedSeed could not be reached (`message`, by default UNREACHABLE). */
export function reach<R>(call: Promise<R>, message: string = UNREACHABLE): Promise<R | Unreachable> {
  return call.catch((): Unreachable => ({ ok: false, code: "INTERNAL", message }));
}
