//! The embed's `families` group (`dist/embed/v1/screens/families/families.js`): the app
//! with only the screens of `billing_sync_web::embed::groups::FamiliesScreens`,
//! which the entry (`billing-sync.js`) imports when a host mounts one of
//! them. Link-time optimisation leaves out every other screen.

billing_sync_web::embed_group_module!(billing_sync_web::embed::groups::FamiliesScreens);
