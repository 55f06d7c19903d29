import { appleAppSiteAssociation } from "@/lib/apps/mobile";

// Read from the database on every request (never prerendered at build time).
export const dynamic = "force-dynamic";

// Apple fetches this (without an extension) to let the registered iOS apps use this domain's passkeys.
export async function GET() {
  return Response.json(await appleAppSiteAssociation(), { headers: { "Cache-Control": "public, max-age=300" } });
}
