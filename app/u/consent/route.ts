import { NextResponse, type NextRequest } from "next/server";
import { finishConsent, TransactionError } from "@/lib/oidc/transaction";
import { currentTransaction } from "../transaction";

// Consent step (prompt=consent): decided in lib/oidc/transaction.finishConsent.
export async function GET(request: NextRequest) {
  try {
    const txn = await currentTransaction(request.nextUrl.searchParams.get("state"));
    return NextResponse.redirect(await finishConsent(txn.id), 303);
  } catch (error) {
    if (!(error instanceof TransactionError)) throw error;
    return NextResponse.json({ error: "invalid_request", error_description: error.message }, { status: 400 });
  }
}
