"use client";
import { useSyncExternalStore } from "react";

/**
 * False until React has hydrated the page. Controls stay disabled until then: a click that lands
 * before the page's script runs would do nothing, and a form submitted natively would put its
 * fields (the email) in a GET query string.
 */
export function useHydrated(): boolean {
  // The server's snapshot (false) is used for the server render and hydration, the client's after.
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
}

/** For values that never change once the page runs: nothing to subscribe to. */
export const subscribeToNothing = () => () => {};
