import { assetLinks } from "@/lib/apps/mobile";

// Read from the database on every request (never prerendered at build time).
export const dynamic = "force-dynamic";

// Digital Asset Links: lets the registered Android apps use this domain's passkeys.
export async function GET() {
  return Response.json(await assetLinks(), { headers: { "Cache-Control": "public, max-age=300" } });
}
