"use client";
import { useEffect, useState } from "react";

/**
 * False until React has hydrated the page. Controls stay disabled until then: a click that lands
 * before the page's script runs would do nothing, and a form submitted natively would put its
 * fields (the email) in a GET query string.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
