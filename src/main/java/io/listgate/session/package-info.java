/** API sessions stored in the database, and the Login and Logout operations that open and end them. */
package io.listgate.session;
