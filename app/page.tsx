import { redirect } from "next/navigation";
import { currentSession } from "@/lib/auth/current-session";

export default async function Home() {
  redirect((await currentSession()) ? "/customer-area" : "/sign-in");
}
