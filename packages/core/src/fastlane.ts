// The fast lane's offer, as the API answers it to a signed-in customer.

export interface FastlaneOffer {
  /** The service's name in the customer's language (configurable). */
  name: string;
  /** The fast lane's targets in plain words, and the standard lane's first response for comparison. */
  sla: { firstResponse: string; resolution: string; standardFirstResponse: string };
  plans: Array<{ key: string; kind: 'incident' | 'subscription'; interval: 'month' | 'year' | null; name: string; amount: number; currency: string; price: string }>;
  refundPolicy: string[];
  /** `customers` articles about the service, readable with the session. */
  articles: Array<{ slug: string; title: string }>;
  checkout: { embedded: boolean; publishableKey: string | null };
}
