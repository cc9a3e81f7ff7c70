//! Request signing: V3 (`ACS3-HMAC-SHA256`) and V2 (RPC, HMAC-SHA1).
