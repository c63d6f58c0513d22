pub struct ApiKey;
