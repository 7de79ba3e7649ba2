/** The product's name where users see it: in their authenticator app, and on their saved recovery codes. */
export const PRODUCT_NAME = "Acme customer area";
