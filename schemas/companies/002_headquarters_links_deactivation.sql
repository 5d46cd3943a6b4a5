-- Issue 12, item 6: the data architecture's Company.headquarters (Address)
-- and socialLinks, and deactivation.
--
-- An address needs a city and a country (ISO 3166-1 alpha-2, upper case);
-- street and postal code only come with them. A deactivated company keeps
-- its row (speakers, attendees and facts name it) with is_active FALSE and
-- the time; the CHECKs make half states impossible.

ALTER TABLE companies
    ADD COLUMN headquarters_street VARCHAR(255),
    ADD COLUMN headquarters_postal_code VARCHAR(20),
    ADD COLUMN headquarters_city VARCHAR(100),
    ADD COLUMN headquarters_country CHAR(2),
    ADD COLUMN linkedin_url VARCHAR(500),
    ADD COLUMN x_url VARCHAR(500),
    ADD COLUMN is_active BOOLEAN NOT NULL DEFAULT TRUE,
    ADD COLUMN deactivated_at TIMESTAMP WITH TIME ZONE,
    ADD CONSTRAINT companies_headquarters_whole CHECK (
        (headquarters_city IS NULL) = (headquarters_country IS NULL)
        AND (headquarters_city IS NOT NULL OR (headquarters_street IS NULL AND headquarters_postal_code IS NULL))
    ),
    ADD CONSTRAINT companies_headquarters_country CHECK (headquarters_country ~ '^[A-Z]{2}$'),
    ADD CONSTRAINT companies_deactivated_when CHECK (is_active = (deactivated_at IS NULL));
