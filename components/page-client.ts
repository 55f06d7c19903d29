import { cache } from "react";

/**
 * The application a page is for (its login transaction's client), remembered for the rest of the
 * request's render so the frame (components/card.tsx) wears that application's branding.
 */
export const pageClient = cache((): { clientId?: string } => ({}));
