-- Boot runs this on the embedded H2 database at start-up
CREATE TABLE IF NOT EXISTS greeting_log (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(200) NOT NULL);
